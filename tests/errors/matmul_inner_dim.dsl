# The inner dimensions of a matrix product differ.
dim batch = 8
input x: f32[batch, 784]
param w: f32[128, 10] = xavier
logits = x @ w
output logits
