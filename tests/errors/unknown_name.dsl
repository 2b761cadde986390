# A misspelled dim.
dim batch = 32, hidden = 128
input x: f32[batch, 784]
param w: f32[784, hiden] = xavier
y = x @ w
output y
