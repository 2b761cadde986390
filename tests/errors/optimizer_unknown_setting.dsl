# adam has no momentum.
input x: f32[8, 4]
input y: f32[8, 1]
param w: f32[4, 1] = xavier
loss = mse(x @ w, y)
train loss with adam(lr=0.001, momentum=0.9)
