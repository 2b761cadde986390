# A function must return a value on every path that is taken.
input x: f32[4]

fn nothing(v) {
  w = relu(v)
}

fn sometimes(v, flag=false) {
  if flag {
    return v
  }
}

a = nothing(x)
b = sometimes(x)
output a, b
