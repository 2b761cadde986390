# Index 35 does not exist on an axis of size 35.
dim batch = 4, seq = 35
input tokens: i32[batch, seq] in 0..100
last = tokens[:, seq]
output last
