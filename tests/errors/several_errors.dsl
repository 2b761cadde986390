# Independent mistakes are all reported, each once, in source order.
dim batch = 8, hidden = 16
input x: f32[batch, 32]
input labels: i32[batch] in 0..10
param w1: f32[32, hidden] = xavier
param w2: f32[hiden, 10] = xavier
param w3: f32[hidden, 10] = xavier

fn layer(x, w) {
  return relu(x @ w)
}

h = layer(x, w1)
logits = layer(h, w3)
probs = softmax(logits, axis=2)
wrong = layer(x, w3)
for t in 0..4 {
  h = h + undefined
}
loss = cross_entropy(logits, labels)
output probs, loss
train loss with sgd(lr=0.1, momentum=1.0)
