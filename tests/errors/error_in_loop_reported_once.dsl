# A mistake in a loop body or an inlined function is reported once, not once per copy.
input x: f32[4, 4]
param w: f32[5, 4] = xavier
fn step(h) {
  return tanh(h @ w)
}
h = x
for t in 0..10 {
  h = step(h)
  h = h + missing
}
output h
