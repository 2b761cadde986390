# RUN: --set batch=4 --set features=6 --set hidden=5 --set classes=3 --pipeline autodiff
# A two-layer perceptron trained with momentum: relu's gradient reads its output only, so the
# pre-activation is not stashed; each weight gets a momentum buffer, updated in place.
dim batch = 32, features = 784, hidden = 128, classes = 10

input  x: f32[batch, features]
input  labels: i32[batch] in 0..classes
param  w1: f32[features, hidden] = xavier
param  b1: f32[hidden] = zeros
param  w2: f32[hidden, classes] = xavier
param  b2: f32[classes] = zeros

fn dense(x, w, b) {
  return x @ w + b
}

logits = dense(relu(dense(x, w1, b1)), w2, b2)
loss = cross_entropy(logits, labels)
output logits, loss
train loss with sgd(lr=0.1, momentum=0.9)
