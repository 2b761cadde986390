# A multilayer perceptron for MNIST: 784 -> 512 -> 256 -> 10, ReLU between layers.
#
# Parameters at the default sizes (weights + biases):
#   fc1  784*512 + 512 =  401,920
#   fc2  512*256 + 256 =  131,328
#   fc3  256*10  + 10  =    2,570
#   total                 535,818
dim batch = 64, features = 784, hidden1 = 512, hidden2 = 256, classes = 10

input  x: f32[batch, features]                # flattened 28x28 images
input  labels: i32[batch] in 0..classes

param  w1: f32[features, hidden1] = he
param  b1: f32[hidden1] = zeros
param  w2: f32[hidden1, hidden2] = he
param  b2: f32[hidden2] = zeros
param  w3: f32[hidden2, classes] = xavier
param  b3: f32[classes] = zeros

fn dense(x, w, b) {
  return x @ w + b
}

h1 = relu(dense(x, w1, b1))
h2 = relu(dense(h1, w2, b2))
logits = dense(h2, w3, b3)
loss = cross_entropy(logits, labels)

output logits, loss
train loss with sgd(lr=0.1, momentum=0.9)
