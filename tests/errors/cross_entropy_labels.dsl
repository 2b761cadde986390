# Labels must be i32, one per row of the logits.
input logits: f32[8, 10]
input labels: f32[8]
loss = cross_entropy(logits, labels)
output loss
