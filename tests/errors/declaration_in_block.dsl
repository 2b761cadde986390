# Declarations and output belong at the top level.
input x: f32[4]
for i in 0..2 {
  param w: f32[4] = zeros
}
fn f(v) {
  output v
  return v
}
y = f(x)
output y
