# Optimizer settings out of range, and one the optimizer does not have.
input x: f32[8, 4]
input y: f32[8, 1]
param w: f32[4, 1] = xavier
loss = mse(x @ w, y)
train loss with sgd(lr=0, momentum=1.5)
