# RUN: --pipeline autodiff,dne,schedule,plan-buffers
# A whole training step, planned: phases interleave where the schedule runs an update early, and the
# planned IR reads back as it prints.
dim batch = 4, features = 6, hidden = 5

input  x: f32[batch, features]
input  y: f32[batch, 1]
param  w1: f32[features, hidden] = xavier
param  w2: f32[hidden, 1] = xavier

h = relu(x @ w1)
loss = mse(h @ w2, y)
output loss
train loss with sgd(lr=0.1, momentum=0.9)
