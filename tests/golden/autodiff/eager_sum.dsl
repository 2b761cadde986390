# RUN: --set batch=2 --set hidden=3 --set classes=4 --pipeline autodiff
# A recurrence unrolled over three steps with a loss term at each. The output weight's gradient terms
# need only the forward pass up to their own step, so they are summed first to last, and the running
# sum moves into the forward pass with the terms and logits gradients it reads, each just after its
# step's logits. What the logits gradients send back to h stays in the backward pass (the scheduler
# runs it early since it frees them), and the recurrent weight's terms all wait for the last step and
# keep the backward order.
dim batch = 32, hidden = 16, classes = 10

input  x: f32[batch, hidden]
input  labels: i32[batch] in 0..classes
param  u: f32[hidden, hidden] = xavier
param  wout: f32[hidden, classes] = xavier

h = x
loss = 0.0
for t in 0..3 {
  h = tanh(h @ u)
  loss = loss + cross_entropy(h @ wout, labels)
}
output loss
train loss with sgd(lr=0.1)
