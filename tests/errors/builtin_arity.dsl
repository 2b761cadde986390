# Too many arguments to a builtin.
input x: f32[4, 4]
y = relu(x, 2)
output y
