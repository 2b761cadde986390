# A Transformer encoder trained as a masked language model, shaped like BERT-base (Devlin et al., 2019):
# token + learned position embeddings with layer norm, `layers` post-LN encoder layers (multi-head
# scaled dot-product self-attention, then a GELU MLP, each wrapped as layer_norm(x + f(x))), and
# BERT's prediction head (dense + GELU + layer norm, then logits against the tied token embedding
# plus a bias). The loss is the cross-entropy of predicting `targets` at every position (a masked LM
# would read the loss at the masked positions only). BERT's segment embeddings, pooler and dropout are
# left out.
#
# Parameters are declared once with a leading `layers` axis; layer l reads wq[l] and so on.
#
# Parameters at the default sizes (vocab 30522, seq 128, d 768, ff 3072, 12 layers):
#   embeddings   30522*768 + 128*768 + LN 2*768                23,540,736
#   per layer    attention 4*(768*768 + 768)     2,362,368
#                LN 2 * 2*768                        3,072
#                MLP 768*3072 + 3072 + 3072*768 + 768
#                                                4,722,432
#                                      = 7,087,872, x 12     85,054,464
#   head         768*768 + 768 + LN 2*768 + bias 30522            622,650
#   total                                                       109,217,850
dim batch = 32, seq = 128, vocab = 30522, d = 768, heads = 12, ff = 3072, layers = 12

input  tokens: i32[batch, seq] in 0..vocab
input  targets: i32[batch, seq] in 0..vocab

# embeddings
param  tok_embed: f32[vocab, d] = normal(0.02)
param  pos_embed: f32[seq, d] = normal(0.02)
param  emb_ln_g: f32[d] = ones
param  emb_ln_b: f32[d] = zeros

# encoder layers, stacked on a leading `layers` axis
param  wq: f32[layers, d, d] = normal(0.02)
param  bq: f32[layers, d] = zeros
param  wk: f32[layers, d, d] = normal(0.02)
param  bk: f32[layers, d] = zeros
param  wv: f32[layers, d, d] = normal(0.02)
param  bv: f32[layers, d] = zeros
param  wo: f32[layers, d, d] = normal(0.02)
param  bo: f32[layers, d] = zeros
param  ln1_g: f32[layers, d] = ones
param  ln1_b: f32[layers, d] = zeros
param  w1: f32[layers, d, ff] = normal(0.02)
param  b1: f32[layers, ff] = zeros
param  w2: f32[layers, ff, d] = normal(0.02)
param  b2: f32[layers, d] = zeros
param  ln2_g: f32[layers, d] = ones
param  ln2_b: f32[layers, d] = zeros

# prediction head; the output projection is the transposed token embedding
param  head_w: f32[d, d] = normal(0.02)
param  head_b: f32[d] = zeros
param  head_ln_g: f32[d] = ones
param  head_ln_b: f32[d] = zeros
param  out_b: f32[vocab] = zeros

# Activations are kept as [batch*seq, d]: one row per token.
fn linear(x, w, b) {
  return x @ w + b
}

# [batch*seq, d] -> [batch, heads, seq, d/heads]
fn split_heads(x) {
  return transpose(reshape(x, [batch, seq, heads, d // heads]), [0, 2, 1, 3])
}

# [batch, heads, seq, d/heads] -> [batch*seq, d]
fn merge_heads(x) {
  return reshape(transpose(x, [0, 2, 1, 3]), [batch * seq, d])
}

# Multi-head self-attention of layer l.
fn attention(x, l) {
  q = split_heads(linear(x, wq[l], bq[l]))
  k = split_heads(linear(x, wk[l], bk[l]))
  v = split_heads(linear(x, wv[l], bv[l]))
  scores = q @ transpose(k) / (d // heads) ** 0.5            # [batch, heads, seq, seq]
  return linear(merge_heads(softmax(scores) @ v), wo[l], bo[l])
}

fn mlp(x, l) {
  return linear(gelu(linear(x, w1[l], b1[l])), w2[l], b2[l])
}

fn encoder_layer(x, l) {
  h = layer_norm(x + attention(x, l), ln1_g[l], ln1_b[l])
  return layer_norm(h + mlp(h, l), ln2_g[l], ln2_b[l])
}

x = embedding(tok_embed, tokens) + pos_embed                   # [batch, seq, d]
x = layer_norm(reshape(x, [batch * seq, d]), emb_ln_g, emb_ln_b)
for l in 0..layers {
  x = encoder_layer(x, l)
}
h = layer_norm(gelu(linear(x, head_w, head_b)), head_ln_g, head_ln_b)
logits = h @ transpose(tok_embed) + out_b                      # [batch*seq, vocab]
loss = cross_entropy(logits, reshape(targets, [batch * seq]))

output loss
train loss with adam(lr=1e-4)
