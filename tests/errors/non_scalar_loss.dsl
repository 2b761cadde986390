# The loss must be a scalar.
input x: f32[8, 4]
input y: f32[8, 1]
param w: f32[4, 1] = xavier
err = (x @ w - y) ** 2
train err with sgd(lr=0.1)
