# RUN: --set batch=2 --set features=3 --pipeline autodiff
# Only what reaches the loss is differentiated: %probe feeds an output but not the loss, so it gets no
# gradient and no update (it keeps its value); %x's own gradient is never built. %w is used twice, so
# its two gradients are added.
dim batch = 2, features = 3

input  x: f32[batch, features]
param  w: f32[features, features] = xavier
param  probe: f32[features] = ones

h = x @ w
side = h * probe
loss = sum(h @ w)
output side, loss
train loss with sgd(lr=0.5)
