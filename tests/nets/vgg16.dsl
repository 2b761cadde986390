# VGG-16 (Simonyan & Zisserman, 2015, configuration D): thirteen 3x3 convolutions (padding 1, with bias,
# ReLU) in five blocks of 2, 2, 3, 3, 3 with width, 2*width, 4*width, 8*width and 8*width channels,
# each block ending in a 2x2/2 max pool; then three dense layers (fc, fc, classes) with ReLU between.
# The dropout of the original classifier is left out (the DSL has no random ops).
#
# Parameters at the default sizes (width 64, fc 4096, 1000 classes, 224x224 images):
#   block1  3->64, 64->64                       1,792 +      36,928 =      38,720
#   block2  64->128, 128->128                  73,856 +     147,584 =     221,440
#   block3  128->256, 2x 256->256             295,168 + 2x  590,080 =   1,475,328
#   block4  256->512, 2x 512->512           1,180,160 + 2x 2,359,808 =   5,899,776
#   block5  3x 512->512                                3x 2,359,808 =   7,079,424
#   fc6     512*7*7 * 4096 + 4096                                     102,764,544
#   fc7     4096 * 4096 + 4096                                         16,781,312
#   fc8     4096 * 1000 + 1000                                          4,097,000
#   total                                                             138,357,544
#
# Input: 224x224 by default; the image size must be a multiple of 32 (at 32x32 the last pool leaves
# a 1x1 map and fc6 sees 8*width features).
dim batch = 32, image = 224, width = 64, fc = 4096, classes = 1000

input  images: f32[batch, 3, image, image]
input  labels: i32[batch] in 0..classes

# block1
param  conv1_1_w: f32[width, 3, 3, 3] = he
param  conv1_1_b: f32[width] = zeros
param  conv1_2_w: f32[width, width, 3, 3] = he
param  conv1_2_b: f32[width] = zeros

# block2
param  conv2_1_w: f32[2*width, width, 3, 3] = he
param  conv2_1_b: f32[2*width] = zeros
param  conv2_2_w: f32[2*width, 2*width, 3, 3] = he
param  conv2_2_b: f32[2*width] = zeros

# block3
param  conv3_1_w: f32[4*width, 2*width, 3, 3] = he
param  conv3_1_b: f32[4*width] = zeros
param  conv3_2_w: f32[4*width, 4*width, 3, 3] = he
param  conv3_2_b: f32[4*width] = zeros
param  conv3_3_w: f32[4*width, 4*width, 3, 3] = he
param  conv3_3_b: f32[4*width] = zeros

# block4
param  conv4_1_w: f32[8*width, 4*width, 3, 3] = he
param  conv4_1_b: f32[8*width] = zeros
param  conv4_2_w: f32[8*width, 8*width, 3, 3] = he
param  conv4_2_b: f32[8*width] = zeros
param  conv4_3_w: f32[8*width, 8*width, 3, 3] = he
param  conv4_3_b: f32[8*width] = zeros

# block5
param  conv5_1_w: f32[8*width, 8*width, 3, 3] = he
param  conv5_1_b: f32[8*width] = zeros
param  conv5_2_w: f32[8*width, 8*width, 3, 3] = he
param  conv5_2_b: f32[8*width] = zeros
param  conv5_3_w: f32[8*width, 8*width, 3, 3] = he
param  conv5_3_b: f32[8*width] = zeros

# classifier
param  fc6_w: f32[8*width * (image // 32) * (image // 32), fc] = he
param  fc6_b: f32[fc] = zeros
param  fc7_w: f32[fc, fc] = he
param  fc7_b: f32[fc] = zeros
param  fc8_w: f32[fc, classes] = xavier
param  fc8_b: f32[classes] = zeros

# 3x3 convolution (same padding) with a per-channel bias, then ReLU.
fn conv_relu(x, w, b) {
  return relu(conv2d(x, w, padding=1) + reshape(b, [1, -1, 1, 1]))
}

x = conv_relu(images, conv1_1_w, conv1_1_b)
x = conv_relu(x, conv1_2_w, conv1_2_b)
x = max_pool2d(x, 2)                                   # [batch, width, image/2, image/2]

x = conv_relu(x, conv2_1_w, conv2_1_b)
x = conv_relu(x, conv2_2_w, conv2_2_b)
x = max_pool2d(x, 2)                                   # [batch, 2*width, image/4, image/4]

x = conv_relu(x, conv3_1_w, conv3_1_b)
x = conv_relu(x, conv3_2_w, conv3_2_b)
x = conv_relu(x, conv3_3_w, conv3_3_b)
x = max_pool2d(x, 2)                                   # [batch, 4*width, image/8, image/8]

x = conv_relu(x, conv4_1_w, conv4_1_b)
x = conv_relu(x, conv4_2_w, conv4_2_b)
x = conv_relu(x, conv4_3_w, conv4_3_b)
x = max_pool2d(x, 2)                                   # [batch, 8*width, image/16, image/16]

x = conv_relu(x, conv5_1_w, conv5_1_b)
x = conv_relu(x, conv5_2_w, conv5_2_b)
x = conv_relu(x, conv5_3_w, conv5_3_b)
x = max_pool2d(x, 2)                                   # [batch, 8*width, image/32, image/32]

x = flatten(x)                                         # [batch, 8*width * (image/32)^2]
x = relu(x @ fc6_w + fc6_b)
x = relu(x @ fc7_w + fc7_b)
logits = x @ fc8_w + fc8_b
loss = cross_entropy(logits, labels)

output logits, loss
train loss with sgd(lr=0.01, momentum=0.9)
