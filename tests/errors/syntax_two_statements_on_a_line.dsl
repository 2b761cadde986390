# Two statements on one line need a ';' between them.
input x: f32[4]
y = relu(x) z = tanh(x)
output y
