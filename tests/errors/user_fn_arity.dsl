# A user function called with too few arguments, then with a keyword it does not take.
input x: f32[2, 3]
param w: f32[3, 4] = xavier
param b: f32[4] = zeros

fn dense(x, w, b) {
  return x @ w + b
}

y = dense(x, w)
z = dense(x, w, b, bias=b)
output y, z
