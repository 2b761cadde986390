# One name, declared twice.
dim n = 4
input x: f32[n]
param x: f32[n] = zeros
dim n = 8
output x
