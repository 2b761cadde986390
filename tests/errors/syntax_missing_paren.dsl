# A call left open: the newline inside the brackets does not end the statement.
input x: f32[4, 8]
param w: f32[8, 2] = xavier
y = relu(x @ w
output y
