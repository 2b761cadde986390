# RUN: --set batch=4 --set features=3 --pipeline autodiff
# Regression with adam: the step counter %adam.t and the bias corrections are shared by all params;
# each param gets its two moments. tanh's gradient reads tanh's output.
dim batch = 16, features = 8

input  x: f32[batch, features]
input  y: f32[batch, 1]
param  w: f32[features, 1] = xavier
param  b: f32[1] = zeros

prediction = tanh(x @ w) + b
loss = mse(prediction, y)
output loss
train loss with adam(lr=0.01)
