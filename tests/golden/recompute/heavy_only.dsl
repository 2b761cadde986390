# RUN: --pipeline autodiff,dne,fuse,recompute
# Must not act: the only stashed activation is a matmul's fused epilogue, and the default mode never
# recomputes a matmul.
dim batch = 64, d = 4

input  x: f32[batch, d]
input  target: f32[batch, d]
param  w1: f32[d, d] = xavier
param  w2: f32[d, d] = xavier

loss = mse(relu(x @ w1) @ w2, target)
output loss
train loss with sgd(lr=0.1)
