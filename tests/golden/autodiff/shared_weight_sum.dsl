# RUN: --set batch=2 --set features=3 --pipeline autodiff
# Must not reorder: both terms of w's gradient need the whole forward pass (the loss term's gradient
# flows back through both uses), so they are added in the order they were built and the backward
# pass stays after the forward pass.
dim batch = 2, features = 3

input  x: f32[batch, features]
param  w: f32[features, features] = xavier

loss = sum(tanh(tanh(x @ w) @ w))
output loss
train loss with sgd(lr=0.5)
