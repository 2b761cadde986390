package nnc.cli;

import java.util.concurrent.Callable;
import nnc.backend.opencl.OpenClDevices;
import nnc.backend.opencl.OpenClUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnc devices}: the OpenCL devices {@code nnc run --target opencl --device N} can use. */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "List the OpenCL platforms and devices, numbered as --device takes them; * marks the default.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            OpenClDevices.Device chosen = OpenClDevices.pick(null);
            for (OpenClDevices.Device d : OpenClDevices.list()) {
                spec.commandLine().getOut().println((d.index() == chosen.index() ? "* " : "  ") + d.describe());
            }
            return 0;
        } catch (OpenClUnavailableException e) {
            throw UserError.of(e.getMessage());
        }
    }
}
