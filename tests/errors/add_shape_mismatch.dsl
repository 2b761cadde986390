# Shapes that do not broadcast.
input x: f32[32, 128]
param b: f32[64] = zeros
y = x + b
output y
