# ResNet-50 (He et al., 2016), torchvision's "v1.5": a 7x7/2 stem and 3x3/2 max pool, four stages of
# 3, 4, 6 and 3 bottleneck blocks (1x1 conv reducing to the stage width, 3x3 conv, 1x1 conv expanding
# 4x, each followed by BN; ReLU after the first two and after the residual sum), global average
# pooling and a dense classifier. The first block of every stage has a 1x1 conv + BN projection
# shortcut; in stages 2-4 it also halves the resolution, with the stride on the 3x3 conv (v1.5) and
# on the projection. Convolutions have no bias (batch norm follows each one).
#
# Parameters at the default sizes (width 64, 1000 classes):
#   stem      conv 3->64 7x7 + BN                                   9,408 +     128 =      9,536
#   layer1    3 blocks  64 -> 256,  incl. proj 64->256          212,992 +   2,816 =    215,808
#   layer2    4 blocks 128 -> 512,  incl. proj 256->512       1,212,416 +   7,168 =  1,219,584
#   layer3    6 blocks 256 -> 1024, incl. proj 512->1024      7,077,888 +  20,480 =  7,098,368
#   layer4    3 blocks 512 -> 2048, incl. proj 1024->2048    14,942,208 +  22,528 = 14,964,736
#   fc        2048*1000 + 1000                                                       2,049,000
#   total                                                                           25,557,032
#
# Input: 224x224 by default; any image size that is a multiple of 32 keeps every shape valid
# (at 32x32 the stages see 8x8, 4x4, 2x2 and 1x1 maps).
dim batch = 32, image = 224, width = 64, classes = 1000

input  images: f32[batch, 3, image, image]
input  labels: i32[batch] in 0..classes

# Naming: lS_B_cK is conv K of block B in stage S; lS_B_gK / lS_B_bK are the gamma / beta of the batch
# norm after it; cd, gd, bd belong to the projection shortcut.

# stem
param  conv1: f32[width, 3, 7, 7] = he
param  bn1_g: f32[width] = ones
param  bn1_b: f32[width] = zeros

# layer1: 3 blocks, width -> 4*width channels
param  l1_0_c1: f32[width, width, 1, 1] = he
param  l1_0_g1: f32[width] = ones
param  l1_0_b1: f32[width] = zeros
param  l1_0_c2: f32[width, width, 3, 3] = he
param  l1_0_g2: f32[width] = ones
param  l1_0_b2: f32[width] = zeros
param  l1_0_c3: f32[4*width, width, 1, 1] = he
param  l1_0_g3: f32[4*width] = ones
param  l1_0_b3: f32[4*width] = zeros
param  l1_0_cd: f32[4*width, width, 1, 1] = he
param  l1_0_gd: f32[4*width] = ones
param  l1_0_bd: f32[4*width] = zeros
param  l1_1_c1: f32[width, 4*width, 1, 1] = he
param  l1_1_g1: f32[width] = ones
param  l1_1_b1: f32[width] = zeros
param  l1_1_c2: f32[width, width, 3, 3] = he
param  l1_1_g2: f32[width] = ones
param  l1_1_b2: f32[width] = zeros
param  l1_1_c3: f32[4*width, width, 1, 1] = he
param  l1_1_g3: f32[4*width] = ones
param  l1_1_b3: f32[4*width] = zeros
param  l1_2_c1: f32[width, 4*width, 1, 1] = he
param  l1_2_g1: f32[width] = ones
param  l1_2_b1: f32[width] = zeros
param  l1_2_c2: f32[width, width, 3, 3] = he
param  l1_2_g2: f32[width] = ones
param  l1_2_b2: f32[width] = zeros
param  l1_2_c3: f32[4*width, width, 1, 1] = he
param  l1_2_g3: f32[4*width] = ones
param  l1_2_b3: f32[4*width] = zeros

# layer2: 4 blocks, 2*width -> 8*width channels
param  l2_0_c1: f32[2*width, 4*width, 1, 1] = he
param  l2_0_g1: f32[2*width] = ones
param  l2_0_b1: f32[2*width] = zeros
param  l2_0_c2: f32[2*width, 2*width, 3, 3] = he
param  l2_0_g2: f32[2*width] = ones
param  l2_0_b2: f32[2*width] = zeros
param  l2_0_c3: f32[8*width, 2*width, 1, 1] = he
param  l2_0_g3: f32[8*width] = ones
param  l2_0_b3: f32[8*width] = zeros
param  l2_0_cd: f32[8*width, 4*width, 1, 1] = he
param  l2_0_gd: f32[8*width] = ones
param  l2_0_bd: f32[8*width] = zeros
param  l2_1_c1: f32[2*width, 8*width, 1, 1] = he
param  l2_1_g1: f32[2*width] = ones
param  l2_1_b1: f32[2*width] = zeros
param  l2_1_c2: f32[2*width, 2*width, 3, 3] = he
param  l2_1_g2: f32[2*width] = ones
param  l2_1_b2: f32[2*width] = zeros
param  l2_1_c3: f32[8*width, 2*width, 1, 1] = he
param  l2_1_g3: f32[8*width] = ones
param  l2_1_b3: f32[8*width] = zeros
param  l2_2_c1: f32[2*width, 8*width, 1, 1] = he
param  l2_2_g1: f32[2*width] = ones
param  l2_2_b1: f32[2*width] = zeros
param  l2_2_c2: f32[2*width, 2*width, 3, 3] = he
param  l2_2_g2: f32[2*width] = ones
param  l2_2_b2: f32[2*width] = zeros
param  l2_2_c3: f32[8*width, 2*width, 1, 1] = he
param  l2_2_g3: f32[8*width] = ones
param  l2_2_b3: f32[8*width] = zeros
param  l2_3_c1: f32[2*width, 8*width, 1, 1] = he
param  l2_3_g1: f32[2*width] = ones
param  l2_3_b1: f32[2*width] = zeros
param  l2_3_c2: f32[2*width, 2*width, 3, 3] = he
param  l2_3_g2: f32[2*width] = ones
param  l2_3_b2: f32[2*width] = zeros
param  l2_3_c3: f32[8*width, 2*width, 1, 1] = he
param  l2_3_g3: f32[8*width] = ones
param  l2_3_b3: f32[8*width] = zeros

# layer3: 6 blocks, 4*width -> 16*width channels
param  l3_0_c1: f32[4*width, 8*width, 1, 1] = he
param  l3_0_g1: f32[4*width] = ones
param  l3_0_b1: f32[4*width] = zeros
param  l3_0_c2: f32[4*width, 4*width, 3, 3] = he
param  l3_0_g2: f32[4*width] = ones
param  l3_0_b2: f32[4*width] = zeros
param  l3_0_c3: f32[16*width, 4*width, 1, 1] = he
param  l3_0_g3: f32[16*width] = ones
param  l3_0_b3: f32[16*width] = zeros
param  l3_0_cd: f32[16*width, 8*width, 1, 1] = he
param  l3_0_gd: f32[16*width] = ones
param  l3_0_bd: f32[16*width] = zeros
param  l3_1_c1: f32[4*width, 16*width, 1, 1] = he
param  l3_1_g1: f32[4*width] = ones
param  l3_1_b1: f32[4*width] = zeros
param  l3_1_c2: f32[4*width, 4*width, 3, 3] = he
param  l3_1_g2: f32[4*width] = ones
param  l3_1_b2: f32[4*width] = zeros
param  l3_1_c3: f32[16*width, 4*width, 1, 1] = he
param  l3_1_g3: f32[16*width] = ones
param  l3_1_b3: f32[16*width] = zeros
param  l3_2_c1: f32[4*width, 16*width, 1, 1] = he
param  l3_2_g1: f32[4*width] = ones
param  l3_2_b1: f32[4*width] = zeros
param  l3_2_c2: f32[4*width, 4*width, 3, 3] = he
param  l3_2_g2: f32[4*width] = ones
param  l3_2_b2: f32[4*width] = zeros
param  l3_2_c3: f32[16*width, 4*width, 1, 1] = he
param  l3_2_g3: f32[16*width] = ones
param  l3_2_b3: f32[16*width] = zeros
param  l3_3_c1: f32[4*width, 16*width, 1, 1] = he
param  l3_3_g1: f32[4*width] = ones
param  l3_3_b1: f32[4*width] = zeros
param  l3_3_c2: f32[4*width, 4*width, 3, 3] = he
param  l3_3_g2: f32[4*width] = ones
param  l3_3_b2: f32[4*width] = zeros
param  l3_3_c3: f32[16*width, 4*width, 1, 1] = he
param  l3_3_g3: f32[16*width] = ones
param  l3_3_b3: f32[16*width] = zeros
param  l3_4_c1: f32[4*width, 16*width, 1, 1] = he
param  l3_4_g1: f32[4*width] = ones
param  l3_4_b1: f32[4*width] = zeros
param  l3_4_c2: f32[4*width, 4*width, 3, 3] = he
param  l3_4_g2: f32[4*width] = ones
param  l3_4_b2: f32[4*width] = zeros
param  l3_4_c3: f32[16*width, 4*width, 1, 1] = he
param  l3_4_g3: f32[16*width] = ones
param  l3_4_b3: f32[16*width] = zeros
param  l3_5_c1: f32[4*width, 16*width, 1, 1] = he
param  l3_5_g1: f32[4*width] = ones
param  l3_5_b1: f32[4*width] = zeros
param  l3_5_c2: f32[4*width, 4*width, 3, 3] = he
param  l3_5_g2: f32[4*width] = ones
param  l3_5_b2: f32[4*width] = zeros
param  l3_5_c3: f32[16*width, 4*width, 1, 1] = he
param  l3_5_g3: f32[16*width] = ones
param  l3_5_b3: f32[16*width] = zeros

# layer4: 3 blocks, 8*width -> 32*width channels
param  l4_0_c1: f32[8*width, 16*width, 1, 1] = he
param  l4_0_g1: f32[8*width] = ones
param  l4_0_b1: f32[8*width] = zeros
param  l4_0_c2: f32[8*width, 8*width, 3, 3] = he
param  l4_0_g2: f32[8*width] = ones
param  l4_0_b2: f32[8*width] = zeros
param  l4_0_c3: f32[32*width, 8*width, 1, 1] = he
param  l4_0_g3: f32[32*width] = ones
param  l4_0_b3: f32[32*width] = zeros
param  l4_0_cd: f32[32*width, 16*width, 1, 1] = he
param  l4_0_gd: f32[32*width] = ones
param  l4_0_bd: f32[32*width] = zeros
param  l4_1_c1: f32[8*width, 32*width, 1, 1] = he
param  l4_1_g1: f32[8*width] = ones
param  l4_1_b1: f32[8*width] = zeros
param  l4_1_c2: f32[8*width, 8*width, 3, 3] = he
param  l4_1_g2: f32[8*width] = ones
param  l4_1_b2: f32[8*width] = zeros
param  l4_1_c3: f32[32*width, 8*width, 1, 1] = he
param  l4_1_g3: f32[32*width] = ones
param  l4_1_b3: f32[32*width] = zeros
param  l4_2_c1: f32[8*width, 32*width, 1, 1] = he
param  l4_2_g1: f32[8*width] = ones
param  l4_2_b1: f32[8*width] = zeros
param  l4_2_c2: f32[8*width, 8*width, 3, 3] = he
param  l4_2_g2: f32[8*width] = ones
param  l4_2_b2: f32[8*width] = zeros
param  l4_2_c3: f32[32*width, 8*width, 1, 1] = he
param  l4_2_g3: f32[32*width] = ones
param  l4_2_b3: f32[32*width] = zeros

# classifier
param  fc_w: f32[32*width, classes] = xavier
param  fc_b: f32[classes] = zeros

fn conv_bn(x, w, g, b, stride=1, padding=0) {
  return batch_norm(conv2d(x, w, stride=stride, padding=padding), g, b)
}

# 1x1 reduce, 3x3 (carrying the stride), 1x1 expand; the residual branch of every block.
fn residual(x, c1, g1, b1, c2, g2, b2, c3, g3, b3, stride) {
  h = relu(conv_bn(x, c1, g1, b1))
  h = relu(conv_bn(h, c2, g2, b2, stride=stride, padding=1))
  return conv_bn(h, c3, g3, b3)
}

# Bottleneck block with an identity shortcut.
fn bottleneck(x, c1, g1, b1, c2, g2, b2, c3, g3, b3) {
  return relu(residual(x, c1, g1, b1, c2, g2, b2, c3, g3, b3, 1) + x)
}

# First block of a stage: a projection shortcut matches the new channel count (and stride).
fn down_bottleneck(x, c1, g1, b1, c2, g2, b2, c3, g3, b3, cd, gd, bd, stride=2) {
  h = residual(x, c1, g1, b1, c2, g2, b2, c3, g3, b3, stride)
  return relu(h + conv_bn(x, cd, gd, bd, stride=stride))
}

x = relu(conv_bn(images, conv1, bn1_g, bn1_b, stride=2, padding=3))   # [batch, width, image/2, image/2]
x = max_pool2d(x, 3, stride=2, padding=1)                               # [batch, width, image/4, image/4]

# layer1: 4*width channels at image/4
x = down_bottleneck(x, l1_0_c1, l1_0_g1, l1_0_b1, l1_0_c2, l1_0_g2, l1_0_b2, l1_0_c3, l1_0_g3, l1_0_b3,
                    l1_0_cd, l1_0_gd, l1_0_bd, stride=1)
x = bottleneck(x, l1_1_c1, l1_1_g1, l1_1_b1, l1_1_c2, l1_1_g2, l1_1_b2, l1_1_c3, l1_1_g3, l1_1_b3)
x = bottleneck(x, l1_2_c1, l1_2_g1, l1_2_b1, l1_2_c2, l1_2_g2, l1_2_b2, l1_2_c3, l1_2_g3, l1_2_b3)

# layer2: 8*width channels at image/8
x = down_bottleneck(x, l2_0_c1, l2_0_g1, l2_0_b1, l2_0_c2, l2_0_g2, l2_0_b2, l2_0_c3, l2_0_g3, l2_0_b3,
                    l2_0_cd, l2_0_gd, l2_0_bd, stride=2)
x = bottleneck(x, l2_1_c1, l2_1_g1, l2_1_b1, l2_1_c2, l2_1_g2, l2_1_b2, l2_1_c3, l2_1_g3, l2_1_b3)
x = bottleneck(x, l2_2_c1, l2_2_g1, l2_2_b1, l2_2_c2, l2_2_g2, l2_2_b2, l2_2_c3, l2_2_g3, l2_2_b3)
x = bottleneck(x, l2_3_c1, l2_3_g1, l2_3_b1, l2_3_c2, l2_3_g2, l2_3_b2, l2_3_c3, l2_3_g3, l2_3_b3)

# layer3: 16*width channels at image/16
x = down_bottleneck(x, l3_0_c1, l3_0_g1, l3_0_b1, l3_0_c2, l3_0_g2, l3_0_b2, l3_0_c3, l3_0_g3, l3_0_b3,
                    l3_0_cd, l3_0_gd, l3_0_bd, stride=2)
x = bottleneck(x, l3_1_c1, l3_1_g1, l3_1_b1, l3_1_c2, l3_1_g2, l3_1_b2, l3_1_c3, l3_1_g3, l3_1_b3)
x = bottleneck(x, l3_2_c1, l3_2_g1, l3_2_b1, l3_2_c2, l3_2_g2, l3_2_b2, l3_2_c3, l3_2_g3, l3_2_b3)
x = bottleneck(x, l3_3_c1, l3_3_g1, l3_3_b1, l3_3_c2, l3_3_g2, l3_3_b2, l3_3_c3, l3_3_g3, l3_3_b3)
x = bottleneck(x, l3_4_c1, l3_4_g1, l3_4_b1, l3_4_c2, l3_4_g2, l3_4_b2, l3_4_c3, l3_4_g3, l3_4_b3)
x = bottleneck(x, l3_5_c1, l3_5_g1, l3_5_b1, l3_5_c2, l3_5_g2, l3_5_b2, l3_5_c3, l3_5_g3, l3_5_b3)

# layer4: 32*width channels at image/32
x = down_bottleneck(x, l4_0_c1, l4_0_g1, l4_0_b1, l4_0_c2, l4_0_g2, l4_0_b2, l4_0_c3, l4_0_g3, l4_0_b3,
                    l4_0_cd, l4_0_gd, l4_0_bd, stride=2)
x = bottleneck(x, l4_1_c1, l4_1_g1, l4_1_b1, l4_1_c2, l4_1_g2, l4_1_b2, l4_1_c3, l4_1_g3, l4_1_b3)
x = bottleneck(x, l4_2_c1, l4_2_g1, l4_2_b1, l4_2_c2, l4_2_g2, l4_2_b2, l4_2_c3, l4_2_g3, l4_2_b3)

x = global_avg_pool(x)                                                  # [batch, 32*width]
logits = x @ fc_w + fc_b
loss = cross_entropy(logits, labels)

output logits, loss
train loss with sgd(lr=0.1, momentum=0.9)
