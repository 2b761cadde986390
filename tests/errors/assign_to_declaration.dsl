# Declarations are read-only at the top level (a function's variables may shadow them).
dim batch = 4
input x: f32[batch]
batch = 8
x = relu(x)
output x
