# RUN: --pipeline dne,fuse,recompute
# Must not act: without a backward pass nothing is stashed.
dim batch = 64, d = 4

input  x: f32[batch, d]
param  w1: f32[d, d] = xavier
param  g1: f32[d] = ones
param  b1: f32[d] = zeros

y = tanh(layer_norm(x @ w1, g1, b1))
output y
