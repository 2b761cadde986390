package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.SourceLoc;

/** The parameters of a builtin, user function or optimizer, and how call arguments bind to them. */
final class Signature {
    record Param(String name, boolean required) {}

    private final String name;
    private final List<Param> params;
    /** Whether positional arguments past the named parameters are collected ({@code zeros(d0, d1, ...)}). */
    private final boolean varargs;

    Signature(String name, List<Param> params, boolean varargs) {
        this.name = name;
        this.params = List.copyOf(params);
        this.varargs = varargs;
    }

    /** The first {@code required} of {@code names} are required, the rest optional. */
    static Signature of(String name, int required, String... names) {
        return new Signature(name, params(required, names), false);
    }

    /** As {@link #of}, then any number of further positional arguments. */
    static Signature varargs(String name, int required, String... names) {
        return new Signature(name, params(required, names), true);
    }

    private static List<Param> params(int required, String... names) {
        List<Param> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) out.add(new Param(names[i], i < required));
        return out;
    }

    String name() {
        return name;
    }

    BoundArgs bind(List<ArgValue> args, SourceLoc callLoc) {
        Map<String, ArgValue> named = new LinkedHashMap<>();
        List<ArgValue> rest = new ArrayList<>();
        int positional = 0;
        boolean sawKeyword = false;
        for (ArgValue a : args) {
            if (a.keyword() == null) {
                if (sawKeyword) throw new CompileError(a.loc(), "positional argument after a keyword argument");
                if (positional < params.size()) named.put(params.get(positional).name(), a);
                else if (varargs) rest.add(a);
                else throw new CompileError(a.loc(), arityMessage(countPositional(args)));
                positional++;
            } else {
                sawKeyword = true;
                if (params.stream().noneMatch(p -> p.name().equals(a.keyword()))) {
                    throw new CompileError(a.loc(), name + " has no argument '" + a.keyword() + "'"
                            + Suggestions.didYouMean(a.keyword(), params.stream().map(Param::name).toList()));
                }
                if (named.containsKey(a.keyword())) {
                    throw new CompileError(a.loc(), name + " got argument '" + a.keyword() + "' twice");
                }
                named.put(a.keyword(), a);
            }
        }
        for (Param p : params) {
            if (p.required() && !named.containsKey(p.name())) {
                String message = sawKeyword ? name + " is missing argument '" + p.name() + "'" : arityMessage(positional);
                throw new CompileError(callLoc, message);
            }
        }
        return new BoundArgs(name, callLoc, named, rest);
    }

    private static int countPositional(List<ArgValue> args) {
        return (int) args.stream().filter(a -> a.keyword() == null).count();
    }

    /** "dense takes 3 arguments, got 2". */
    private String arityMessage(int given) {
        long required = params.stream().filter(Param::required).count();
        String count;
        if (varargs) count = "at least " + required;
        else if (required == params.size()) count = String.valueOf(required);
        else count = required + " to " + params.size();
        String noun = count.equals("1") ? " argument" : " arguments";
        return name + " takes " + count + noun + ", got " + given;
    }
}
