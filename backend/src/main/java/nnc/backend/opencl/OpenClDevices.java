package nnc.backend.opencl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** The OpenCL devices of this machine, numbered across platforms in the order the ICD loader lists them. */
public final class OpenClDevices {
    /** One device: its number, platform, and what to print about it. */
    public record Device(int index, cl_platform_id platform, cl_device_id id, String platformName, String name, boolean gpu) {
        /** {@code 0: Portable Computing Language / cpu-haswell (CPU)}. */
        public String describe() {
            return index + ": " + platformName + " / " + name + " (" + (gpu ? "GPU" : "CPU or other") + ")";
        }
    }

    private OpenClDevices() {}

    /**
     * Every device of every platform.
     *
     * @throws OpenClUnavailableException when libOpenCL is missing or no platform is installed
     */
    public static List<Device> list() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            CL.clGetPlatformIDs(0, null, count);
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            if (platforms.length > 0) CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<Device> devices = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, count);
                cl_device_id[] ids = new cl_device_id[count[0]];
                CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                String platformName = platformInfo(p, CL.CL_PLATFORM_NAME);
                for (cl_device_id d : ids) {
                    long[] type = new long[1];
                    CL.clGetDeviceInfo(d, CL.CL_DEVICE_TYPE, 8, Pointer.to(type), null);
                    devices.add(new Device(devices.size(), p, d, platformName, deviceInfo(d, CL.CL_DEVICE_NAME), (type[0] & CL.CL_DEVICE_TYPE_GPU) != 0));
                }
            }
            if (devices.isEmpty()) throw new OpenClUnavailableException("no OpenCL device found: " + OpenClUnavailableException.PACKAGES);
            return devices;
        } catch (UnsatisfiedLinkError e) {
            throw new OpenClUnavailableException("the OpenCL library (libOpenCL) cannot be loaded: " + OpenClUnavailableException.PACKAGES);
        } catch (CLException e) {
            throw new OpenClUnavailableException("no OpenCL platform found (" + e.getMessage() + "): " + OpenClUnavailableException.PACKAGES);
        }
    }

    /**
     * Device {@code index}, or without one the first GPU, else the first device.
     *
     * @throws OpenClUnavailableException when there is no such device
     */
    public static Device pick(Integer index) {
        List<Device> devices = list();
        if (index != null) {
            if (index < 0 || index >= devices.size()) {
                throw new OpenClUnavailableException("no OpenCL device " + index + "; there are " + devices.size() + " (see nnc devices)");
            }
            return devices.get(index);
        }
        return devices.stream().filter(Device::gpu).findFirst().orElse(devices.get(0));
    }

    private static String platformInfo(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, bytes.length, Pointer.to(bytes), null);
        return text(bytes);
    }

    private static String deviceInfo(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, bytes.length, Pointer.to(bytes), null);
        return text(bytes);
    }

    /** A C string without its terminating zero. */
    private static String text(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) n--;
        return new String(bytes, 0, n, StandardCharsets.UTF_8).trim();
    }
}
