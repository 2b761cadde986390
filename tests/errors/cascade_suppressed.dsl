# A failed expression yields an error value: nothing built on it is reported again.
input x: f32[4, 3]
param w: f32[5, 2] = xavier
h = x @ w
y = relu(h) + 1
z = y @ y
a, b = split(z, 2)
output y, z, a
