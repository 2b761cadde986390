# Conditions are compile-time booleans.
dim layers = 2
input x: f32[4]
if layers {
  x2 = relu(x)
} else {
  x2 = x
}
output x2
