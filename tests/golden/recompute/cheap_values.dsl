# RUN: --pipeline autodiff,dne,fuse,recompute
# Default mode: the first block's layer norm and tanh outputs are rebuilt late in the backward pass
# (the "recompute:" run) from its matmul output, which stays stashed anyway for the norm's
# gradient, instead of being kept alive through the second block's backward pass. Matmuls are
# never recomputed in this mode.
dim batch = 64, d = 4

input  x: f32[batch, d]
input  target: f32[batch, d]
param  w1: f32[d, d] = xavier
param  g1: f32[d] = ones
param  b1: f32[d] = zeros
param  w2: f32[d, d] = xavier
param  g2: f32[d] = ones
param  b2: f32[d] = zeros
param  w3: f32[d, d] = xavier

fn block(h, w, g, b) {
  return tanh(layer_norm(h @ w, g, b))
}

loss = mse(block(block(x, w1, g1, b1), w2, g2, b2) @ w3, target)
output loss
train loss with sgd(lr=0.1)
