# f32 and i32 tensors do not mix; a float does not meet an i32 tensor.
input x: f32[4]
input ids: i32[4] in 0..10
y = x + ids
z = ids * 0.5
output y, z
