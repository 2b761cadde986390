# RUN: --pipeline autodiff,dne,fuse,recompute
# Must not act: the backward pass reads the pooling input x anyway (the gradient of the penalty
# x * x), so indices stashed beside it would only add bytes; max_pool2d_grad keeps reading x.
dim batch = 2, image = 16, ch = 4, classes = 10

input  images: f32[batch, 3, image, image]
input  labels: i32[batch] in 0..classes
param  k: f32[ch, 3, 3, 3] = he
param  w: f32[ch * (image // 2) * (image // 2), classes] = xavier

x = relu(conv2d(images, k, padding=1))
loss = cross_entropy(flatten(max_pool2d(x, 2)) @ w, labels) + 0.01 * mean(x * x)
output loss
train loss with sgd(lr=0.1)
