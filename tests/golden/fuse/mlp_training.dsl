# RUN: --set batch=2 --set features=4 --set hidden=3 --set classes=2 --pipeline autodiff,dne,fuse
# A training step: forward, backward and optimizer fuse separately (a group never spans two
# phases), and stashed values stay group results, since the backward pass reads them.
dim batch = 32, features = 784, hidden = 128, classes = 10

input  x: f32[batch, features]
input  labels: i32[batch] in 0..classes
param  w1: f32[features, hidden] = he
param  b1: f32[hidden] = zeros
param  w2: f32[hidden, classes] = xavier
param  b2: f32[classes] = zeros

h = relu(x @ w1 + b1)
loss = cross_entropy(h @ w2 + b2, labels)
output loss
train loss with sgd(lr=0.1, momentum=0.9)
