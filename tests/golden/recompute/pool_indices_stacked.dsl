# RUN: --pipeline autodiff,dne,fuse,recompute
# Stacked pools: the first pool's gradient reads the second's, which the second pool's rewrite
# replaces; rewrites are tried, undone and redone one by one, so each must follow the other's.
dim batch = 2, image = 16, ch = 4, classes = 10

input  images: f32[batch, 3, image, image]
input  labels: i32[batch] in 0..classes
param  k: f32[ch, 3, 3, 3] = he
param  w: f32[ch * (image // 4) * (image // 4), classes] = xavier

x = max_pool2d(relu(conv2d(images, k, padding=1)), 2)
x = max_pool2d(x, 2)
loss = cross_entropy(flatten(x) @ w, labels)
output loss
train loss with sgd(lr=0.1)
