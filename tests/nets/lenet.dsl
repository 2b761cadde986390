# LeNet-5 (LeCun et al., 1998) on 32x32 single-channel images (MNIST padded by 2 pixels).
#
#   C1  conv 5x5, 1 -> 6      28x28   tanh     6*1*5*5 + 6     =    156
#   S2  avg pool 2x2          14x14
#   C3  conv 5x5, 6 -> 16     10x10   tanh     16*6*5*5 + 16   =  2,416
#   S4  avg pool 2x2           5x5
#   C5  conv 5x5, 16 -> 120    1x1    tanh     120*16*5*5 + 120 = 48,120
#   F6  dense 120 -> 84               tanh     120*84 + 84     = 10,164
#   out dense 84 -> 10                         84*10 + 10      =    850
#   total                                                        61,706
#
# As in most modern renditions, C3 connects to all six S2 maps (the paper's sparse connection table
# is a 1998 economy), S2 and S4 are plain average pools (the paper's also had a trainable scale and
# bias per map), tanh stands for the paper's scaled tanh, and the output layer is a dense layer
# instead of Euclidean RBF units.
# The image size is fixed at 32x32: C5 then sees exactly a 5x5 map.
dim batch = 64, classes = 10

input  images: f32[batch, 1, 32, 32]
input  labels: i32[batch] in 0..classes

param  c1_w: f32[6, 1, 5, 5] = xavier
param  c1_b: f32[6] = zeros
param  c3_w: f32[16, 6, 5, 5] = xavier
param  c3_b: f32[16] = zeros
param  c5_w: f32[120, 16, 5, 5] = xavier
param  c5_b: f32[120] = zeros
param  f6_w: f32[120, 84] = xavier
param  f6_b: f32[84] = zeros
param  out_w: f32[84, classes] = xavier
param  out_b: f32[classes] = zeros

# A convolution with a per-channel bias, then tanh.
fn conv_tanh(x, w, b) {
  return tanh(conv2d(x, w) + reshape(b, [1, -1, 1, 1]))
}

x = conv_tanh(images, c1_w, c1_b)          # [batch, 6, 28, 28]
x = avg_pool2d(x, 2)                       # [batch, 6, 14, 14]
x = conv_tanh(x, c3_w, c3_b)               # [batch, 16, 10, 10]
x = avg_pool2d(x, 2)                       # [batch, 16, 5, 5]
x = flatten(conv_tanh(x, c5_w, c5_b))      # [batch, 120]
x = tanh(x @ f6_w + f6_b)                  # [batch, 84]
logits = x @ out_w + out_b                 # [batch, classes]
loss = cross_entropy(logits, labels)

output logits, loss
train loss with sgd(lr=0.01, momentum=0.9)
