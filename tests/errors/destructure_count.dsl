# A tuple of three values cannot fill two names.
input x: f32[6, 4]
a, b = split(x, 3)
output a
