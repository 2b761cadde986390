# RUN: --pipeline autodiff,dne,fuse,recompute{budget=6000},schedule,plan-buffers
# Budget mode: to fit 6000 bytes (6464 without recomputation) the first layer's matmul and ReLU are
# rebuilt in the backward pass (checkpointing), the least extra compute that fits; the plan shows
# where every value lives in the arena.
dim batch = 64, d = 4

input  x: f32[batch, d]
input  target: f32[batch, d]
param  w1: f32[d, d] = xavier
param  w2: f32[d, d] = xavier
param  w3: f32[d, d] = xavier

h1 = relu(x @ w1)
h2 = relu(h1 @ w2)
loss = mse(h2 @ w3, target)
output loss
train loss with sgd(lr=0.1)
