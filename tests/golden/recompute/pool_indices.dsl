# RUN: --pipeline autodiff,dne,fuse,recompute
# Max pooling's gradients route by indices stashed in the forward pass instead of reading the pooling
# input: %idx = max_pool2d_indices(x), i32 of the pooled shape, and relu_grad(max_pool2d_grad(dy, x), x)
# becomes max_pool2d_grad_indices(relu_grad(dy, p), %idx), the ReLU mask read from the pooled output p.
# The second pool has no ReLU before it and only routes by indices. Neither conv output is stashed.
dim batch = 2, image = 16, ch = 4, classes = 10

input  images: f32[batch, 3, image, image]
input  labels: i32[batch] in 0..classes
param  k1: f32[ch, 3, 3, 3] = he
param  k2: f32[4 * ch, ch, 3, 3] = he
param  w: f32[4 * ch * (image // 4) * (image // 4), classes] = xavier

x = max_pool2d(relu(conv2d(images, k1, padding=1)), 2)
x = max_pool2d(conv2d(x, k2, padding=1), 2)
loss = cross_entropy(flatten(x) @ w, labels)
output loss
train loss with sgd(lr=0.1)
