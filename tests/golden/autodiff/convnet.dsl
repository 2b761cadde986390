# RUN: --set batch=2 --set image=6 --set channels=2 --pipeline autodiff
# A conv block: conv2d's gradients read the input (weight gradient) and the weight (input gradient,
# absent here: the images need none); batch norm and max pooling recompute what they need from
# their input, which is stashed.
dim batch = 8, image = 28, channels = 8, classes = 10

input  images: f32[batch, 1, image, image]
input  labels: i32[batch] in 0..classes
param  conv: f32[channels, 1, 3, 3] = he
param  gamma: f32[channels] = ones
param  beta: f32[channels] = zeros
param  fc: f32[channels, classes] = xavier

h = relu(batch_norm(conv2d(images, conv, padding=1), gamma, beta))
h = global_avg_pool(max_pool2d(h, 2))
loss = cross_entropy(h @ fc, labels)
output loss
train loss with sgd(lr=0.1)
