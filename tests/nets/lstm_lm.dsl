# A two-layer LSTM language model (Zaremba et al., 2014, "medium": 650 units, 35 steps, 10k-word
# vocabulary; the workload of the Echo paper), unrolled over `seq` steps. Each step embeds one token
# per sequence, runs it through two stacked LSTM cells and predicts the next token with a softmax
# over the vocabulary; the loss is the mean cross-entropy over steps and batch. The initial states
# are zero (a truncated-BPTT step that starts fresh). Dropout is left out (the DSL has no random ops).
#
# Parameters at the default sizes (vocab 10000, hidden 650):
#   embed       10000*650                                 6,500,000
#   lstm1       650*2600 (w) + 650*2600 (u) + 2600 (b)    3,382,600
#   lstm2       same                                      3,382,600
#   out         650*10000 + 10000                         6,510,000
#   total                                                19,775,200
dim batch = 32, seq = 35, vocab = 10000, hidden = 650

input  tokens: i32[batch, seq] in 0..vocab
input  targets: i32[batch, seq] in 0..vocab      # tokens shifted by one
param  embed: f32[vocab, hidden] = normal(0.1)
param  w1: f32[hidden, 4*hidden] = xavier
param  u1: f32[hidden, 4*hidden] = xavier
param  b1: f32[4*hidden] = zeros
param  w2: f32[hidden, 4*hidden] = xavier
param  u2: f32[hidden, 4*hidden] = xavier
param  b2: f32[4*hidden] = zeros
param  wout: f32[hidden, vocab] = xavier
param  bout: f32[vocab] = zeros

# One LSTM step: input, forget, cell and output gates from the input and the previous hidden state.
fn lstm_cell(x, h, c, w, u, b) {
  i, f, g, o = split(x @ w + h @ u + b, 4, axis=1)
  c2 = sigmoid(f) * c + sigmoid(i) * tanh(g)
  return sigmoid(o) * tanh(c2), c2
}

h1 = zeros(batch, hidden); c1 = zeros(batch, hidden)
h2 = zeros(batch, hidden); c2 = zeros(batch, hidden)
loss = 0.0
for t in 0..seq {
  h1, c1 = lstm_cell(embedding(embed, tokens[:, t]), h1, c1, w1, u1, b1)
  h2, c2 = lstm_cell(h1, h2, c2, w2, u2, b2)
  logits = h2 @ wout + bout                                  # [batch, vocab]
  loss = loss + cross_entropy(logits, targets[:, t]) / seq
}

output loss
train loss with sgd(lr=1.0)
