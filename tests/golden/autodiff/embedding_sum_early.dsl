# RUN: --set batch=20 --set vocab=4 --set d=3 --pipeline autodiff
# Must not act: the rows scattered (3 x 20 x 3 floats) take more bytes than the table (4 x 3), so the
# table is made with the first term and the rows are scattered into it as they come.
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
