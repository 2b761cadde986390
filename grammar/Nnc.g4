// The nnc DSL (README.md, "Language reference"). The parser only recognizes the language: what
// names mean, whether shapes fit and which statements are allowed where is the frontend's job.
grammar Nnc;

@lexer::members {
    /** Open '(' and '[' not yet closed: newlines inside brackets do not end a statement. */
    private int bracketDepth;
}

// ---------------------------------------------------------------------------------------- program

program : terminator* (statement (terminator+ statement)*)? terminator* EOF ;

// A newline ends a statement; ';' separates two on one line.
terminator : NL | ';' ;

block : LBRACE terminator* (statement (terminator+ statement)*)? terminator* RBRACE ;

statement
    : 'dim' dimBinding (',' dimBinding)*                                       # dimDecl
    | 'input' ID ':' tensorType ('in' range)?                                  # inputDecl
    | 'param' ID ':' tensorType '=' init=expr                                  # paramDecl
    | 'fn' ID LPAREN (parameter (',' parameter)* ','?)? RPAREN block           # fnDecl
    | 'output' ID (',' ID)*                                                    # outputStmt
    | 'train' loss=ID 'with' optimizer=ID LPAREN arguments? RPAREN             # trainStmt
    | 'return' expr (',' expr)*                                                # returnStmt
    | 'for' ID 'in' range block                                                # forStmt
    | ifStatement                                                              # ifStmt
    | ID (',' ID)* '=' expr                                                    # assignStmt
    ;

dimBinding : ID '=' expr ;

parameter : ID ('=' expr)? ;

// `f32[batch, 784]`; the element type is checked by the frontend.
tensorType : dtype=ID LBRACK (expr (',' expr)* ','?)? RBRACK ;

// `lo..hi`, hi exclusive.
range : lo=expr '..' hi=expr ;

// `else` may start the line after the closing brace.
ifStatement : 'if' expr block (NL* 'else' (ifStatement | block))? ;

// ------------------------------------------------------------------------------------ expressions

// Alternatives from the tightest binding to the loosest.
expr
    : primary                                                  # primaryExpr
    | expr LBRACK index (',' index)* RBRACK                    # indexExpr
    | <assoc=right> expr op='**' expr                          # binaryExpr
    | '-' expr                                                 # negateExpr
    | expr op=('*' | '/' | '//' | '@') expr                    # binaryExpr
    | expr op=('+' | '-') expr                                 # binaryExpr
    | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr     # binaryExpr
    | 'not' expr                                               # notExpr
    | expr op='and' expr                                       # binaryExpr
    | expr op='or' expr                                        # binaryExpr
    ;

primary
    : ID LPAREN arguments? RPAREN                              # callExpr
    | ID                                                       # nameExpr
    | INT                                                      # intExpr
    | FLOAT                                                    # floatExpr
    | ('true' | 'false')                                       # boolExpr
    | LPAREN expr RPAREN                                       # parenExpr
    | LBRACK (expr (',' expr)* ','?)? RBRACK                   # listExpr
    ;

arguments : argument (',' argument)* ','? ;

argument : (ID '=')? expr ;

// `i` picks one position and drops the axis; `a:b`, `:b`, `a:` and `:` keep it.
index
    : expr                                                     # atIndex
    | lo=expr? ':' hi=expr?                                    # sliceIndex
    ;

// ------------------------------------------------------------------------------------------ lexer

LPAREN : '(' { bracketDepth++; } ;
RPAREN : ')' { if (bracketDepth > 0) bracketDepth--; } ;
LBRACK : '[' { bracketDepth++; } ;
RBRACK : ']' { if (bracketDepth > 0) bracketDepth--; } ;
// Brackets never enclose a block, so a brace ends any bracket nesting: an unclosed '(' cannot
// swallow the newlines of the rest of the file.
LBRACE : '{' { bracketDepth = 0; } ;
RBRACE : '}' { bracketDepth = 0; } ;

NL : '\r'? '\n' { if (bracketDepth > 0) skip(); } ;

ID    : [a-zA-Z_] [a-zA-Z_0-9]* ;
// A float needs digits after its '.', so that `0..n` reads as 0 .. n.
FLOAT : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT ;
INT   : DIGITS ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

COMMENT : '#' ~[\r\n]* -> skip ;
WS      : [ \t\f\r]+ -> skip ;
