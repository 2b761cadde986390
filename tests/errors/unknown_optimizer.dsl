# A misspelled optimizer.
input x: f32[8, 4]
input y: f32[8, 1]
param w: f32[4, 1] = xavier
loss = mse(x @ w, y)
train loss with adma(lr=0.001)
