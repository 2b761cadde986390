# RUN: --set batch=2 --set vocab=50 --set d=3 --pipeline autodiff
# The table is looked up at three steps; the rows scattered (3 x 2 x 3 floats) take fewer bytes than
# the table (50 x 3), so the table is made after the last term, where the sum is built, and the rows
# wait for it (the scheduler would make a table built with the first term at once, and keep it
# through the backward pass).
dim batch = 2, vocab = 50, d = 3

input  tokens: i32[batch, 3] in 0..vocab
param  embed: f32[vocab, d] = normal(0.1)
param  u: f32[d, d] = xavier

h = embedding(embed, tokens[:, 0])
for t in 1..3 {
  h = tanh(h @ u + embedding(embed, tokens[:, t]))
}
loss = sum(h)
output loss
train loss with sgd(lr=0.1)
