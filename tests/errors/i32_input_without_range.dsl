# i32 inputs must state their value range; f32 inputs may not.
dim batch = 16, classes = 10
input x: f32[batch, 20] in 0..1
input labels: i32[batch]
output x
