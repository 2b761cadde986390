grammar Nnc;

program : EOF ;
WS : [ \t\r\n]+ -> skip ;
