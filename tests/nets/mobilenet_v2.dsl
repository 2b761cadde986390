# MobileNetV2 (Sandler et al., 2018), as in torchvision: a 3x3/2 conv stem with 32 channels, 17
# inverted residual blocks, a 1x1 conv to 1280 channels, global average pooling and a dense
# classifier. An inverted residual block expands to `expand` times its input channels with a 1x1
# conv, filters with a 3x3 depthwise conv (groups = channels) that carries the block's stride, and
# projects back with a linear 1x1 conv; a block that keeps its shape adds its input (shortcut).
# BN follows every conv; ReLU6 (written minimum(relu(x), 6.0)) follows all but the projections.
# The dropout before the classifier is left out (the DSL has no random ops).
#
#   t  c     n  s     (expansion, output channels, blocks, stride of the first block)
#   1  16    1  1
#   6  24    2  2
#   6  32    3  2
#   6  64    4  2
#   6  96    3  1
#   6  160   3  2
#   6  320   1  1
#
# Every channel count is a multiple of `width`: 8 gives the real network (width multiplier 1.0;
# 32, 16, 24, 32, 64, 96, 160, 320 and 1280 channels are 4, 2, 3, 4, 8, 12, 20, 40 and 160 units),
# smaller values shrink it evenly (torchvision instead keeps 1280 final channels for multipliers < 1).
#
# Parameters at the default sizes (width 8, expand 6, 1000 classes):
#   stem         conv 3->32 3x3 + BN                 864 +     64 =       928
#   blocks 0-16  convs + BN                    1,779,296 + 31,488 = 1,810,784
#   head         conv 320->1280 1x1 + BN         409,600 +  2,560 =   412,160
#   fc           1280*1000 + 1000                                   1,281,000
#   total                                                           3,504,872  (as torchvision)
#
# Input: 224x224 by default; the image size must be a multiple of 32 (at 32x32 the last stages see
# 1x1 maps).
dim batch = 32, image = 224, width = 8, expand = 6, classes = 1000

input  images: f32[batch, 3, image, image]
input  labels: i32[batch] in 0..classes

# Naming: bK_c1 / bK_c2 / bK_c3 are the expansion, depthwise and projection convs of block K;
# bK_gN / bK_bN are the gamma / beta of the batch norm after conv N.

# stem
param  stem_c: f32[4*width, 3, 3, 3] = he
param  stem_g: f32[4*width] = ones
param  stem_b: f32[4*width] = zeros

# block 0: 32 -> 16 channels, stride 1, expansion 1
param  b0_c2: f32[4*width, 1, 3, 3] = he
param  b0_g2: f32[4*width] = ones
param  b0_b2: f32[4*width] = zeros
param  b0_c3: f32[2*width, 4*width, 1, 1] = he
param  b0_g3: f32[2*width] = ones
param  b0_b3: f32[2*width] = zeros

# blocks 1-2: 16 -> 24 channels, stride 2, expansion 6
param  b1_c1: f32[expand*2*width, 2*width, 1, 1] = he
param  b1_g1: f32[expand*2*width] = ones
param  b1_b1: f32[expand*2*width] = zeros
param  b1_c2: f32[expand*2*width, 1, 3, 3] = he
param  b1_g2: f32[expand*2*width] = ones
param  b1_b2: f32[expand*2*width] = zeros
param  b1_c3: f32[3*width, expand*2*width, 1, 1] = he
param  b1_g3: f32[3*width] = ones
param  b1_b3: f32[3*width] = zeros
param  b2_c1: f32[expand*3*width, 3*width, 1, 1] = he
param  b2_g1: f32[expand*3*width] = ones
param  b2_b1: f32[expand*3*width] = zeros
param  b2_c2: f32[expand*3*width, 1, 3, 3] = he
param  b2_g2: f32[expand*3*width] = ones
param  b2_b2: f32[expand*3*width] = zeros
param  b2_c3: f32[3*width, expand*3*width, 1, 1] = he
param  b2_g3: f32[3*width] = ones
param  b2_b3: f32[3*width] = zeros

# blocks 3-5: 24 -> 32 channels, stride 2, expansion 6
param  b3_c1: f32[expand*3*width, 3*width, 1, 1] = he
param  b3_g1: f32[expand*3*width] = ones
param  b3_b1: f32[expand*3*width] = zeros
param  b3_c2: f32[expand*3*width, 1, 3, 3] = he
param  b3_g2: f32[expand*3*width] = ones
param  b3_b2: f32[expand*3*width] = zeros
param  b3_c3: f32[4*width, expand*3*width, 1, 1] = he
param  b3_g3: f32[4*width] = ones
param  b3_b3: f32[4*width] = zeros
param  b4_c1: f32[expand*4*width, 4*width, 1, 1] = he
param  b4_g1: f32[expand*4*width] = ones
param  b4_b1: f32[expand*4*width] = zeros
param  b4_c2: f32[expand*4*width, 1, 3, 3] = he
param  b4_g2: f32[expand*4*width] = ones
param  b4_b2: f32[expand*4*width] = zeros
param  b4_c3: f32[4*width, expand*4*width, 1, 1] = he
param  b4_g3: f32[4*width] = ones
param  b4_b3: f32[4*width] = zeros
param  b5_c1: f32[expand*4*width, 4*width, 1, 1] = he
param  b5_g1: f32[expand*4*width] = ones
param  b5_b1: f32[expand*4*width] = zeros
param  b5_c2: f32[expand*4*width, 1, 3, 3] = he
param  b5_g2: f32[expand*4*width] = ones
param  b5_b2: f32[expand*4*width] = zeros
param  b5_c3: f32[4*width, expand*4*width, 1, 1] = he
param  b5_g3: f32[4*width] = ones
param  b5_b3: f32[4*width] = zeros

# blocks 6-9: 32 -> 64 channels, stride 2, expansion 6
param  b6_c1: f32[expand*4*width, 4*width, 1, 1] = he
param  b6_g1: f32[expand*4*width] = ones
param  b6_b1: f32[expand*4*width] = zeros
param  b6_c2: f32[expand*4*width, 1, 3, 3] = he
param  b6_g2: f32[expand*4*width] = ones
param  b6_b2: f32[expand*4*width] = zeros
param  b6_c3: f32[8*width, expand*4*width, 1, 1] = he
param  b6_g3: f32[8*width] = ones
param  b6_b3: f32[8*width] = zeros
param  b7_c1: f32[expand*8*width, 8*width, 1, 1] = he
param  b7_g1: f32[expand*8*width] = ones
param  b7_b1: f32[expand*8*width] = zeros
param  b7_c2: f32[expand*8*width, 1, 3, 3] = he
param  b7_g2: f32[expand*8*width] = ones
param  b7_b2: f32[expand*8*width] = zeros
param  b7_c3: f32[8*width, expand*8*width, 1, 1] = he
param  b7_g3: f32[8*width] = ones
param  b7_b3: f32[8*width] = zeros
param  b8_c1: f32[expand*8*width, 8*width, 1, 1] = he
param  b8_g1: f32[expand*8*width] = ones
param  b8_b1: f32[expand*8*width] = zeros
param  b8_c2: f32[expand*8*width, 1, 3, 3] = he
param  b8_g2: f32[expand*8*width] = ones
param  b8_b2: f32[expand*8*width] = zeros
param  b8_c3: f32[8*width, expand*8*width, 1, 1] = he
param  b8_g3: f32[8*width] = ones
param  b8_b3: f32[8*width] = zeros
param  b9_c1: f32[expand*8*width, 8*width, 1, 1] = he
param  b9_g1: f32[expand*8*width] = ones
param  b9_b1: f32[expand*8*width] = zeros
param  b9_c2: f32[expand*8*width, 1, 3, 3] = he
param  b9_g2: f32[expand*8*width] = ones
param  b9_b2: f32[expand*8*width] = zeros
param  b9_c3: f32[8*width, expand*8*width, 1, 1] = he
param  b9_g3: f32[8*width] = ones
param  b9_b3: f32[8*width] = zeros

# blocks 10-12: 64 -> 96 channels, stride 1, expansion 6
param  b10_c1: f32[expand*8*width, 8*width, 1, 1] = he
param  b10_g1: f32[expand*8*width] = ones
param  b10_b1: f32[expand*8*width] = zeros
param  b10_c2: f32[expand*8*width, 1, 3, 3] = he
param  b10_g2: f32[expand*8*width] = ones
param  b10_b2: f32[expand*8*width] = zeros
param  b10_c3: f32[12*width, expand*8*width, 1, 1] = he
param  b10_g3: f32[12*width] = ones
param  b10_b3: f32[12*width] = zeros
param  b11_c1: f32[expand*12*width, 12*width, 1, 1] = he
param  b11_g1: f32[expand*12*width] = ones
param  b11_b1: f32[expand*12*width] = zeros
param  b11_c2: f32[expand*12*width, 1, 3, 3] = he
param  b11_g2: f32[expand*12*width] = ones
param  b11_b2: f32[expand*12*width] = zeros
param  b11_c3: f32[12*width, expand*12*width, 1, 1] = he
param  b11_g3: f32[12*width] = ones
param  b11_b3: f32[12*width] = zeros
param  b12_c1: f32[expand*12*width, 12*width, 1, 1] = he
param  b12_g1: f32[expand*12*width] = ones
param  b12_b1: f32[expand*12*width] = zeros
param  b12_c2: f32[expand*12*width, 1, 3, 3] = he
param  b12_g2: f32[expand*12*width] = ones
param  b12_b2: f32[expand*12*width] = zeros
param  b12_c3: f32[12*width, expand*12*width, 1, 1] = he
param  b12_g3: f32[12*width] = ones
param  b12_b3: f32[12*width] = zeros

# blocks 13-15: 96 -> 160 channels, stride 2, expansion 6
param  b13_c1: f32[expand*12*width, 12*width, 1, 1] = he
param  b13_g1: f32[expand*12*width] = ones
param  b13_b1: f32[expand*12*width] = zeros
param  b13_c2: f32[expand*12*width, 1, 3, 3] = he
param  b13_g2: f32[expand*12*width] = ones
param  b13_b2: f32[expand*12*width] = zeros
param  b13_c3: f32[20*width, expand*12*width, 1, 1] = he
param  b13_g3: f32[20*width] = ones
param  b13_b3: f32[20*width] = zeros
param  b14_c1: f32[expand*20*width, 20*width, 1, 1] = he
param  b14_g1: f32[expand*20*width] = ones
param  b14_b1: f32[expand*20*width] = zeros
param  b14_c2: f32[expand*20*width, 1, 3, 3] = he
param  b14_g2: f32[expand*20*width] = ones
param  b14_b2: f32[expand*20*width] = zeros
param  b14_c3: f32[20*width, expand*20*width, 1, 1] = he
param  b14_g3: f32[20*width] = ones
param  b14_b3: f32[20*width] = zeros
param  b15_c1: f32[expand*20*width, 20*width, 1, 1] = he
param  b15_g1: f32[expand*20*width] = ones
param  b15_b1: f32[expand*20*width] = zeros
param  b15_c2: f32[expand*20*width, 1, 3, 3] = he
param  b15_g2: f32[expand*20*width] = ones
param  b15_b2: f32[expand*20*width] = zeros
param  b15_c3: f32[20*width, expand*20*width, 1, 1] = he
param  b15_g3: f32[20*width] = ones
param  b15_b3: f32[20*width] = zeros

# block 16: 160 -> 320 channels, stride 1, expansion 6
param  b16_c1: f32[expand*20*width, 20*width, 1, 1] = he
param  b16_g1: f32[expand*20*width] = ones
param  b16_b1: f32[expand*20*width] = zeros
param  b16_c2: f32[expand*20*width, 1, 3, 3] = he
param  b16_g2: f32[expand*20*width] = ones
param  b16_b2: f32[expand*20*width] = zeros
param  b16_c3: f32[40*width, expand*20*width, 1, 1] = he
param  b16_g3: f32[40*width] = ones
param  b16_b3: f32[40*width] = zeros

# head and classifier
param  head_c: f32[160*width, 40*width, 1, 1] = he
param  head_g: f32[160*width] = ones
param  head_b: f32[160*width] = zeros
param  fc_w: f32[160*width, classes] = xavier
param  fc_b: f32[classes] = zeros

fn relu6(x) {
  return minimum(relu(x), 6.0)
}

fn conv_bn(x, w, g, b, stride=1, padding=0, groups=1) {
  return batch_norm(conv2d(x, w, stride=stride, padding=padding, groups=groups), g, b)
}

# Inverted residual without its shortcut: 1x1 expansion to `hidden` channels, 3x3 depthwise,
# linear 1x1 projection. Blocks that keep their shape add the shortcut at the call.
fn inverted_residual(x, c1, g1, b1, c2, g2, b2, c3, g3, b3, hidden, stride=1) {
  h = relu6(conv_bn(x, c1, g1, b1))
  h = relu6(conv_bn(h, c2, g2, b2, stride=stride, padding=1, groups=hidden))
  return conv_bn(h, c3, g3, b3)
}

# The first block has expansion 1, so no expansion conv.
fn bottleneck_t1(x, c2, g2, b2, c3, g3, b3, hidden) {
  h = relu6(conv_bn(x, c2, g2, b2, padding=1, groups=hidden))
  return conv_bn(h, c3, g3, b3)
}

x = relu6(conv_bn(images, stem_c, stem_g, stem_b, stride=2, padding=1))   # [batch, 32, image/2, image/2]

# 16 channels at image/2, expansion 1
x = bottleneck_t1(x, b0_c2, b0_g2, b0_b2, b0_c3, b0_g3, b0_b3, 4*width)

# 24 channels at image/4, expansion 6
x = inverted_residual(x, b1_c1, b1_g1, b1_b1, b1_c2, b1_g2, b1_b2, b1_c3, b1_g3, b1_b3,
                      expand*2*width, stride=2)
x = x + inverted_residual(x, b2_c1, b2_g1, b2_b1, b2_c2, b2_g2, b2_b2, b2_c3, b2_g3, b2_b3,
                          expand*3*width)

# 32 channels at image/8, expansion 6
x = inverted_residual(x, b3_c1, b3_g1, b3_b1, b3_c2, b3_g2, b3_b2, b3_c3, b3_g3, b3_b3,
                      expand*3*width, stride=2)
x = x + inverted_residual(x, b4_c1, b4_g1, b4_b1, b4_c2, b4_g2, b4_b2, b4_c3, b4_g3, b4_b3,
                          expand*4*width)
x = x + inverted_residual(x, b5_c1, b5_g1, b5_b1, b5_c2, b5_g2, b5_b2, b5_c3, b5_g3, b5_b3,
                          expand*4*width)

# 64 channels at image/16, expansion 6
x = inverted_residual(x, b6_c1, b6_g1, b6_b1, b6_c2, b6_g2, b6_b2, b6_c3, b6_g3, b6_b3,
                      expand*4*width, stride=2)
x = x + inverted_residual(x, b7_c1, b7_g1, b7_b1, b7_c2, b7_g2, b7_b2, b7_c3, b7_g3, b7_b3,
                          expand*8*width)
x = x + inverted_residual(x, b8_c1, b8_g1, b8_b1, b8_c2, b8_g2, b8_b2, b8_c3, b8_g3, b8_b3,
                          expand*8*width)
x = x + inverted_residual(x, b9_c1, b9_g1, b9_b1, b9_c2, b9_g2, b9_b2, b9_c3, b9_g3, b9_b3,
                          expand*8*width)

# 96 channels at image/16, expansion 6
x = inverted_residual(x, b10_c1, b10_g1, b10_b1, b10_c2, b10_g2, b10_b2, b10_c3, b10_g3, b10_b3,
                      expand*8*width, stride=1)
x = x + inverted_residual(x, b11_c1, b11_g1, b11_b1, b11_c2, b11_g2, b11_b2, b11_c3, b11_g3, b11_b3,
                          expand*12*width)
x = x + inverted_residual(x, b12_c1, b12_g1, b12_b1, b12_c2, b12_g2, b12_b2, b12_c3, b12_g3, b12_b3,
                          expand*12*width)

# 160 channels at image/32, expansion 6
x = inverted_residual(x, b13_c1, b13_g1, b13_b1, b13_c2, b13_g2, b13_b2, b13_c3, b13_g3, b13_b3,
                      expand*12*width, stride=2)
x = x + inverted_residual(x, b14_c1, b14_g1, b14_b1, b14_c2, b14_g2, b14_b2, b14_c3, b14_g3, b14_b3,
                          expand*20*width)
x = x + inverted_residual(x, b15_c1, b15_g1, b15_b1, b15_c2, b15_g2, b15_b2, b15_c3, b15_g3, b15_b3,
                          expand*20*width)

# 320 channels at image/32, expansion 6
x = inverted_residual(x, b16_c1, b16_g1, b16_b1, b16_c2, b16_g2, b16_b2, b16_c3, b16_g3, b16_b3,
                      expand*20*width, stride=1)

x = relu6(conv_bn(x, head_c, head_g, head_b))                           # [batch, 1280, image/32, image/32]
x = global_avg_pool(x)                                                  # [batch, 1280]
logits = x @ fc_w + fc_b
loss = cross_entropy(logits, labels)

output logits, loss
train loss with sgd(lr=0.045, momentum=0.9)
