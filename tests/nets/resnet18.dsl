# ResNet-18 (He et al., 2016), as in torchvision: a 7x7/2 stem and 3x3/2 max pool, four stages of two
# basic blocks (3x3 conv, BN, ReLU, 3x3 conv, BN, + shortcut, ReLU) with width, 2*width, 4*width and
# 8*width channels, global average pooling and a dense classifier. The first block of stages 2-4
# halves the resolution with stride 2 in its first conv and a 1x1/2 conv + BN projection shortcut.
# Convolutions have no bias (batch norm follows each one).
#
# Parameters at the default sizes (width 64, 1000 classes):
#   stem      conv 3->64 7x7 + BN                              9,408 +     128 =      9,536
#   layer1    4 convs 64->64 3x3 + 4 BN                      147,456 +     512 =    147,968
#   layer2    convs 64->128, 3x 128->128, proj 1x1 + 5 BN    524,288 +   1,280 =    525,568
#   layer3    convs 128->256, 3x 256->256, proj + 5 BN     2,097,152 +   2,560 =  2,099,712
#   layer4    convs 256->512, 3x 512->512, proj + 5 BN     8,388,608 +   5,120 =  8,393,728
#   fc        512*1000 + 1000                                                   513,000
#   total                                                                    11,689,512
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

# layer1: width channels
param  l1_0_c1: f32[width, width, 3, 3] = he
param  l1_0_g1: f32[width] = ones
param  l1_0_b1: f32[width] = zeros
param  l1_0_c2: f32[width, width, 3, 3] = he
param  l1_0_g2: f32[width] = ones
param  l1_0_b2: f32[width] = zeros
param  l1_1_c1: f32[width, width, 3, 3] = he
param  l1_1_g1: f32[width] = ones
param  l1_1_b1: f32[width] = zeros
param  l1_1_c2: f32[width, width, 3, 3] = he
param  l1_1_g2: f32[width] = ones
param  l1_1_b2: f32[width] = zeros

# layer2: 2*width channels
param  l2_0_c1: f32[2*width, width, 3, 3] = he
param  l2_0_g1: f32[2*width] = ones
param  l2_0_b1: f32[2*width] = zeros
param  l2_0_c2: f32[2*width, 2*width, 3, 3] = he
param  l2_0_g2: f32[2*width] = ones
param  l2_0_b2: f32[2*width] = zeros
param  l2_0_cd: f32[2*width, width, 1, 1] = he
param  l2_0_gd: f32[2*width] = ones
param  l2_0_bd: f32[2*width] = zeros
param  l2_1_c1: f32[2*width, 2*width, 3, 3] = he
param  l2_1_g1: f32[2*width] = ones
param  l2_1_b1: f32[2*width] = zeros
param  l2_1_c2: f32[2*width, 2*width, 3, 3] = he
param  l2_1_g2: f32[2*width] = ones
param  l2_1_b2: f32[2*width] = zeros

# layer3: 4*width channels
param  l3_0_c1: f32[4*width, 2*width, 3, 3] = he
param  l3_0_g1: f32[4*width] = ones
param  l3_0_b1: f32[4*width] = zeros
param  l3_0_c2: f32[4*width, 4*width, 3, 3] = he
param  l3_0_g2: f32[4*width] = ones
param  l3_0_b2: f32[4*width] = zeros
param  l3_0_cd: f32[4*width, 2*width, 1, 1] = he
param  l3_0_gd: f32[4*width] = ones
param  l3_0_bd: f32[4*width] = zeros
param  l3_1_c1: f32[4*width, 4*width, 3, 3] = he
param  l3_1_g1: f32[4*width] = ones
param  l3_1_b1: f32[4*width] = zeros
param  l3_1_c2: f32[4*width, 4*width, 3, 3] = he
param  l3_1_g2: f32[4*width] = ones
param  l3_1_b2: f32[4*width] = zeros

# layer4: 8*width channels
param  l4_0_c1: f32[8*width, 4*width, 3, 3] = he
param  l4_0_g1: f32[8*width] = ones
param  l4_0_b1: f32[8*width] = zeros
param  l4_0_c2: f32[8*width, 8*width, 3, 3] = he
param  l4_0_g2: f32[8*width] = ones
param  l4_0_b2: f32[8*width] = zeros
param  l4_0_cd: f32[8*width, 4*width, 1, 1] = he
param  l4_0_gd: f32[8*width] = ones
param  l4_0_bd: f32[8*width] = zeros
param  l4_1_c1: f32[8*width, 8*width, 3, 3] = he
param  l4_1_g1: f32[8*width] = ones
param  l4_1_b1: f32[8*width] = zeros
param  l4_1_c2: f32[8*width, 8*width, 3, 3] = he
param  l4_1_g2: f32[8*width] = ones
param  l4_1_b2: f32[8*width] = zeros

# classifier
param  fc_w: f32[8*width, classes] = xavier
param  fc_b: f32[classes] = zeros

fn conv_bn(x, w, g, b, stride=1, padding=0) {
  return batch_norm(conv2d(x, w, stride=stride, padding=padding), g, b)
}

# Basic block with an identity shortcut: channels and resolution unchanged.
fn basic_block(x, c1, g1, b1, c2, g2, b2) {
  h = relu(conv_bn(x, c1, g1, b1, padding=1))
  h = conv_bn(h, c2, g2, b2, padding=1)
  return relu(h + x)
}

# Basic block that halves the resolution and doubles the channels, with a projection shortcut.
fn down_block(x, c1, g1, b1, c2, g2, b2, cd, gd, bd) {
  h = relu(conv_bn(x, c1, g1, b1, stride=2, padding=1))
  h = conv_bn(h, c2, g2, b2, padding=1)
  return relu(h + conv_bn(x, cd, gd, bd, stride=2))
}

x = relu(conv_bn(images, conv1, bn1_g, bn1_b, stride=2, padding=3))   # [batch, width, image/2, image/2]
x = max_pool2d(x, 3, stride=2, padding=1)                               # [batch, width, image/4, image/4]

# layer1: width channels at image/4
x = basic_block(x, l1_0_c1, l1_0_g1, l1_0_b1, l1_0_c2, l1_0_g2, l1_0_b2)
x = basic_block(x, l1_1_c1, l1_1_g1, l1_1_b1, l1_1_c2, l1_1_g2, l1_1_b2)

# layer2: 2*width channels at image/8
x = down_block(x, l2_0_c1, l2_0_g1, l2_0_b1, l2_0_c2, l2_0_g2, l2_0_b2, l2_0_cd, l2_0_gd, l2_0_bd)
x = basic_block(x, l2_1_c1, l2_1_g1, l2_1_b1, l2_1_c2, l2_1_g2, l2_1_b2)

# layer3: 4*width channels at image/16
x = down_block(x, l3_0_c1, l3_0_g1, l3_0_b1, l3_0_c2, l3_0_g2, l3_0_b2, l3_0_cd, l3_0_gd, l3_0_bd)
x = basic_block(x, l3_1_c1, l3_1_g1, l3_1_b1, l3_1_c2, l3_1_g2, l3_1_b2)

# layer4: 8*width channels at image/32
x = down_block(x, l4_0_c1, l4_0_g1, l4_0_b1, l4_0_c2, l4_0_g2, l4_0_b2, l4_0_cd, l4_0_gd, l4_0_bd)
x = basic_block(x, l4_1_c1, l4_1_g1, l4_1_b1, l4_1_c2, l4_1_g2, l4_1_b2)

x = global_avg_pool(x)                                                  # [batch, 8*width]
logits = x @ fc_w + fc_b
loss = cross_entropy(logits, labels)

output logits, loss
train loss with sgd(lr=0.1, momentum=0.9)
