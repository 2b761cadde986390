# RUN: --pipeline autodiff,dne,fuse,recompute
# Default mode with heavy ops of low intensity: at these sizes each projection (x @ w over 8
# features) takes 16 flops per element, so the default mode counts it cheap and rebuilds the
# projections q, k and v in the backward pass (the "recompute:" runs) from the layer inputs, which
# stay stashed anyway for the weight gradients, instead of keeping them alive; what it rebuilds costs
# under 4% of the step's flops (32.8 of 1,030 kFLOP).
dim n = 64, d = 8

input  x: f32[n, d]
input  target: f32[n, d]
param  wq1: f32[d, d] = xavier
param  wk1: f32[d, d] = xavier
param  wv1: f32[d, d] = xavier
param  wq2: f32[d, d] = xavier
param  wk2: f32[d, d] = xavier
param  wv2: f32[d, d] = xavier

fn attention(x, wq, wk, wv) {
  return softmax((x @ wq) @ transpose(x @ wk)) @ (x @ wv)
}

loss = mse(attention(attention(x, wq1, wk1, wv1), wq2, wk2, wv2), target)
output loss
train loss with sgd(lr=0.1)
